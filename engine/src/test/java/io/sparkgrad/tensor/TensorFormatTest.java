package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** toString prints what PyTorch's repr prints for the same float64 tensor (expected strings are PyTorch's). */
class TensorFormatTest {

    @Test
    void integralMatrixThatRequiresGrad() {
        Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad_(true);
        assertEquals("tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)", m.toString());
    }

    @Test
    void scalarWithItsGradFn() {
        Tensor w = Tensor.scalar(10).requiresGrad_(true);
        Tensor loss = w.mul(w).mul(0.4);
        assertEquals("tensor(40., grad_fn=<MulBackward>)", loss.toString());
        assertEquals("tensor(2.5000)", Tensor.scalar(2.5).toString());
    }

    @Test
    void fractionsUseFourDecimalsAndOneWidth() {
        assertEquals("tensor([0.3333, 1.0000])", Tensor.of(1.0 / 3, 1.0).toString());
        assertEquals("tensor([-1.5000,  2.2500])", Tensor.of(-1.5, 2.25).toString());
        assertEquals("tensor([[ 0.5000, 10.2500],\n        [-3.0000,  0.0000]])",
                Tensor.of(new double[][] {{0.5, 10.25}, {-3, 0}}).toString());
    }

    @Test
    void wideRangesSwitchToScientificNotation() {
        assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensor.of(1e-5, 1.0).toString());
        assertEquals("tensor([1.0000e+00, 1.0000e+04])", Tensor.of(1, 10000).toString());
        assertEquals("tensor([   1., 1000.])", Tensor.of(1, 1000).toString());
        assertEquals("tensor([1.0000e+09, 2.0000e+00])", Tensor.of(1e9, 2).toString());
        assertEquals("tensor([0.0000e+00, 1.5000e+00, 2.0000e+03])", Tensor.of(0, 1.5, 2000).toString());
    }

    @Test
    void nonFiniteValuesDoNotWidenTheColumns() {
        assertEquals("tensor([inf, 1.])", Tensor.of(Double.POSITIVE_INFINITY, 1).toString());
        assertEquals("tensor([   nan, 1.5000])", Tensor.of(Double.NaN, 1.5).toString());
        assertEquals("tensor([0., 0.])", Tensor.zeros(2).toString());
    }

    @Test
    void threeDimensionalTensorsSeparateBlocksWithABlankLine() {
        assertEquals("tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])",
                Tensor.arange(8).view(2, 2, 2).toString());
    }

    @Test
    void longVectorsWrapAtEightyColumns() {
        assertEquals("tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
                + "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n"
                + "        28., 29.])", Tensor.arange(30).toString());
    }

    @Test
    void suffixMovesToItsOwnLineWhenTheLineIsFull() {
        assertEquals("tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.],\n"
                + "       requires_grad=True)", Tensor.arange(14).requiresGrad_(true).toString());
    }

    @Test
    void largeTensorsAreSummarizedWithEdgeItems() {
        assertEquals("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])", Tensor.arange(1001).toString());
        assertEquals("tensor([[  10.,   11.],\n        [  12.,   13.],\n        [  14.,   15.],\n        ...,\n"
                + "        [1006., 1007.],\n        [1008., 1009.],\n        [1010., 1011.]])",
                Tensor.arange(1002).add(10).view(501, 2).toString());
    }

    @Test
    void summarizedIntegersSpanningMoreThanAThousandFoldAreScientific() {
        assertEquals("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
                + "        1.9990e+03])", Tensor.arange(2000).toString());
    }

    @Test
    void stridedViewsPrintTheirLogicalLayout() {
        assertEquals("tensor([[0., 2.],\n        [1., 3.]])", Tensor.arange(4).view(2, 2).t().toString());
    }

    @Test
    void emptyTensorsPrintTheirSizeUnlessOneDimensional() {
        assertEquals("tensor([])", Tensor.zeros(0).toString());
        assertEquals("tensor([], size=(0, 3))", Tensor.zeros(0, 3).toString());
        assertEquals("tensor([], size=(3, 0))", Tensor.zeros(3, 0).toString());
        assertEquals("tensor([], size=(2, 0), requires_grad=True)", Tensor.zeros(2, 0).requiresGrad_(true).toString());
    }
}

package io.sparkgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.optim.Adam;
import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The end-to-end check: an MLP 64 → 32 → 10 trained with Adam fits its training set. */
class MlpTrainingTest {
    private static final int FEATURES = 64;
    private static final int CLASSES = 10;
    private static final int PER_CLASS = 30;
    private static final int STEPS = 200;

    /** 10 Gaussian clusters in 64 dims whose noise is as large as the spread of their centres. */
    private static Tensor[] syntheticClassificationSet(Generator gen) {
        Tensor centres = Tensor.randn(gen, CLASSES, FEATURES);
        int n = CLASSES * PER_CLASS;
        double[] labels = new double[n];
        Tensor[] rows = new Tensor[n];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            labels[i] = c;
            rows[i] = centres.select(0, c).add(Tensor.randn(gen, FEATURES));
        }
        return new Tensor[] {Tensor.stack(0, rows), Tensor.wrap(labels, n)};
    }

    private static double accuracy(Tensor logits, Tensor labels) {
        double[] predicted = logits.argmax(1).toArray();
        double[] actual = labels.toArray();
        int right = 0;
        for (int i = 0; i < actual.length; i++) {
            right += predicted[i] == actual[i] ? 1 : 0;
        }
        return right / (double) actual.length;
    }

    @Test
    void mlpTrainedWithAdamReachesFullTrainingAccuracy() {
        Generator gen = new Generator(2024);
        Tensor[] data = syntheticClassificationSet(gen);
        Tensor x = data[0];
        Tensor y = data[1];
        Sequential model = new Sequential(new Linear(FEATURES, 32, gen), new ReLU(), new Linear(32, CLASSES, gen));
        Adam adam = new Adam(model.parameters(), 1e-2);

        double initialAccuracy = accuracy(model.forward(x), y);
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        for (int step = 0; step < STEPS; step++) {
            adam.zeroGrad();
            Tensor loss = F.crossEntropy(model.forward(x), y);
            loss.backward();
            adam.step();
            lastLoss = loss.item();
            if (step == 0) {
                firstLoss = lastLoss;
            }
        }
        assertTrue(initialAccuracy < 0.5, "an untrained model guesses: " + initialAccuracy);
        assertEquals(1.0, accuracy(model.forward(x), y), "training accuracy after " + STEPS + " Adam steps");
        assertTrue(firstLoss > 2.0 && lastLoss < 1e-3, "cross entropy " + firstLoss + " -> " + lastLoss);
    }
}

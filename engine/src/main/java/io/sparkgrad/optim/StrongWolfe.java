package io.sparkgrad.optim;

/**
 * The line search of {@link LBFGS} with {@code lineSearchFn("strong_wolfe")}: PyTorch 1.13's
 * {@code _strong_wolfe} and {@code _cubic_interpolate} (ported there from Torch7's
 * {@code lswolfe.lua} and {@code polyinterp.lua}), statement by statement, with Python's
 * {@code min}/{@code max} semantics (the first argument wins ties and NaN comparisons). First it
 * brackets a step satisfying the strong Wolfe conditions, extrapolating by cubic interpolation,
 * then it zooms into the bracket.
 *
 * <p>Step lengths are {@link Step}s because PyTorch holds some as Python floats and some as 0-d
 * tensors, and one expression rounds differently for the two: {@code number / tensor} is
 * {@code tensor.reciprocal() * number} ({@code Tensor.__rtruediv__}), two roundings. Losses are
 * always Python floats there and directional derivatives always tensors.
 */
final class StrongWolfe {
    /** Sufficient decrease (Armijo) constant, PyTorch's default. */
    static final double C1 = 1e-4;
    /** Curvature constant, PyTorch's default. */
    static final double C2 = 0.9;
    /** Evaluations the search may make beyond the first, PyTorch's default. */
    static final int MAX_LS = 25;
    /**
     * The bracket-width tolerance. LBFGS.step does not pass its own {@code tolerance_change}, so
     * the search always uses its default.
     */
    static final double TOLERANCE_CHANGE = 1e-9;

    /** The loss and flat gradient at {@code x + t d}; the parameters are left at {@code x}. */
    interface Objective {
        Evaluation at(double t);
    }

    /** One evaluation: the loss and the flat gradient. */
    record Evaluation(double loss, double[] grad) {
    }

    /** The accepted step {@code t}, its loss and gradient, and the evaluations made. */
    record Result(double loss, double[] grad, double t, int evaluations) {
    }

    /** A step length, and whether PyTorch holds it as a 0-d tensor (true) or a Python number. */
    record Step(double value, boolean tensor) {
        static final Step ZERO = new Step(0, false);

        Step minus(Step o) {
            return new Step(value - o.value, tensor || o.tensor);
        }

        Step plus(Step o) {
            return new Step(value + o.value, tensor || o.tensor);
        }

        Step times(double k) {
            return new Step(value * k, tensor);
        }

        Step dividedBy(double k) {
            return new Step(value / k, tensor);
        }

        /** {@code number / this}: PyTorch rounds twice when this is a tensor. */
        double dividing(double number) {
            return tensor ? (1.0 / value) * number : number / value;
        }
    }

    private StrongWolfe() {
    }

    /** {@code _strong_wolfe(obj_func, x, t, d, f, g, gtd)} with the default constants. */
    static Result search(Objective obj, Step t, double[] d, double f, double[] g, double gtd) {
        double dNorm = FlatVectors.absMax(d);
        // evaluate objective and gradient using initial step
        Evaluation e = obj.at(t.value());
        double fNew = e.loss();
        double[] gNew = e.grad();
        int evals = 1;
        double gtdNew = FlatVectors.dot(gNew, d);

        // bracket an interval containing a point satisfying the Wolfe criteria
        Step tPrev = Step.ZERO;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        Step[] bracket = null;
        double[] bracketF = null;
        double[][] bracketG = null;
        double[] bracketGtd = null;
        while (lsIter < MAX_LS) {
            if (fNew > (f + C1 * t.value() * gtd) || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new Step[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bracket = new Step[] {t};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new Step[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            // interpolate
            Step minStep = t.plus(t.minus(tPrev).times(0.01));
            Step maxStep = t.times(10);
            Step tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            // next step
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            e = obj.at(t.value());
            fNew = e.loss();
            gNew = e.grad();
            evals++;
            gtdNew = FlatVectors.dot(gNew, d);
            lsIter++;
        }
        // reached max number of iterations?
        if (lsIter == MAX_LS) {
            bracket = new Step[] {Step.ZERO, t};
            bracketF = new double[] {f, fNew};
            bracketG = new double[][] {g, gNew};
        }

        // zoom phase: we now have a point satisfying the criteria, or a bracket around it
        boolean insufProgress = false;
        // a one-point bracket (done) has its low point at 0; PyTorch reads bracket_f[-1] there, the same point
        int lowPos = bracket.length == 1 || bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < MAX_LS) {
            // line-search bracket is so small
            if (Math.abs(bracket[1].value() - bracket[0].value()) * dNorm < TOLERANCE_CHANGE) {
                break;
            }
            // compute new trial value
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);

            // test that we are making sufficient progress: if t is close to a boundary twice running,
            // or at one, move it 0.1 * the bracket's length away from the nearest boundary
            Step hi = pyMax(bracket[0], bracket[1]);
            Step lo = pyMin(bracket[0], bracket[1]);
            Step eps = hi.minus(lo).times(0.1);
            if (StrongWolfe.pyMin(hi.value() - t.value(), t.value() - lo.value()) < eps.value()) {
                // interpolation close to boundary
                if (insufProgress || t.value() >= hi.value() || t.value() <= lo.value()) {
                    // evaluate at 0.1 away from boundary
                    if (Math.abs(t.value() - hi.value()) < Math.abs(t.value() - lo.value())) {
                        t = hi.minus(eps);
                    } else {
                        t = lo.plus(eps);
                    }
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }

            // Evaluate new point
            e = obj.at(t.value());
            fNew = e.loss();
            gNew = e.grad();
            evals++;
            gtdNew = FlatVectors.dot(gNew, d);
            lsIter++;

            if (fNew > (f + C1 * t.value() * gtd) || fNew >= bracketF[lowPos]) {
                // Armijo condition not satisfied or not lower than lowest point
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew;
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    // Wolfe conditions satisfied
                    done = true;
                } else if (gtdNew * (bracket[highPos].value() - bracket[lowPos].value()) >= 0) {
                    // old high becomes new low
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                // new point becomes new low
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew;
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new Result(bracketF[lowPos], bracketG[lowPos], bracket[lowPos].value(), evals);
    }

    /** {@code _cubic_interpolate} without bounds: the interval between the two points. */
    static Step cubicInterpolate(Step x1, double f1, double g1, Step x2, double f2, double g2) {
        return x1.value() <= x2.value() ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2)
                : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
    }

    /**
     * The minimiser of the cubic through two points with values f and derivatives g, clamped to
     * {@code [xminBound, xmaxBound]}; the interval's middle when the cubic has no minimum.
     */
    static Step cubicInterpolate(Step x1, double f1, double g1, Step x2, double f2, double g2, Step xminBound,
            Step xmaxBound) {
        // d1 = g1 + g2 - 3*(f1-f2)/(x1-x2); d2 = sqrt(d1^2 - g1*g2);
        // min_pos = x2 - (x2 - x1)*((g2 + d2 - d1)/(g2 - g1 + 2*d2))
        double d1 = g1 + g2 - x1.minus(x2).dividing(3 * (f1 - f2));
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double a = x1.value();
            double b = x2.value();
            double minPos;
            if (a <= b) {
                minPos = b - (b - a) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
            } else {
                minPos = a - (a - b) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            }
            // a tensor: it is computed from the derivatives, which are
            return pyMin(pyMax(new Step(minPos, true), xminBound), xmaxBound);
        }
        return xminBound.plus(xmaxBound).dividedBy(2.);
    }

    /** Python's {@code max(a, b)}: b only when b > a, so a wins ties and NaN comparisons. */
    static Step pyMax(Step a, Step b) {
        return b.value() > a.value() ? b : a;
    }

    /** Python's {@code min(a, b)}: b only when b < a. */
    static Step pyMin(Step a, Step b) {
        return b.value() < a.value() ? b : a;
    }

    /** Python's {@code min(a, b)} on numbers. */
    static double pyMin(double a, double b) {
        return b < a ? b : a;
    }
}

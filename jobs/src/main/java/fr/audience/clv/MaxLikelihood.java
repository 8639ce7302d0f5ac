package fr.audience.clv;

import fr.audience.core.Errors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximum likelihood over positive parameters, searched on their logarithms.
 *
 * <p>Optimizer: commons-math3's BOBYQA (Powell's bounded trust-region method, on Spark's classpath
 * through spark-mllib). It needs no gradient, so the four likelihoods have no hand-written
 * derivatives to keep in sync, and its box bounds keep every trial point away from overflow
 * (parameters in [1e-6, 1e6]). Breeze's L-BFGS was the alternative; from Java it needs Scala
 * implicit vector-space evidence and a Scala trait implemented by hand, and it still needs a
 * gradient. Convergence is checked afterwards: the central-difference gradient must vanish and the
 * observed information must be positive definite, otherwise the fit is refused with an error.
 */
final class MaxLikelihood {
  private static final double LOG_LOWER = Math.log(1e-6);
  private static final double LOG_UPPER = Math.log(1e6);

  /** A parameter closer than this (on the log scale) to a bound ran away: not identified. */
  private static final double BOUND_MARGIN = 0.05;

  private static final double GRADIENT_TOLERANCE = 1e-4;
  private static final double STEP = 1e-4;
  private static final double MIN_CURVATURE = 1e-6;
  private static final int MAX_EVALUATIONS = 20_000;

  record Result(double[] params, double logLikelihood, Map<String, Double> standardErrors) {}

  private MaxLikelihood() {}

  /**
   * @param logLikelihood total log-likelihood at natural (positive) parameters
   * @param weight total count, used to scale the objective to per-customer units
   * @param starts starting points in natural parameters; the best optimum is kept
   */
  static Result maximize(
      String model,
      String[] names,
      ToDoubleFunction<double[]> logLikelihood,
      double weight,
      String remedy,
      double[]... starts) {
    int n = names.length;
    ToDoubleFunction<double[]> objective =
        theta -> {
          double ll = logLikelihood.applyAsDouble(exp(theta));
          return Double.isFinite(ll) ? -ll / weight : 1e100;
        };
    PointValuePair best = null;
    for (double[] start : starts) {
      double[] theta0 = new double[n];
      for (int i = 0; i < n; i++) {
        theta0[i] = Math.max(LOG_LOWER + 1, Math.min(LOG_UPPER - 1, Math.log(start[i])));
      }
      try {
        PointValuePair found =
            new BOBYQAOptimizer(2 * n + 1, 0.5, 1e-10)
                .optimize(
                    new MaxEval(MAX_EVALUATIONS),
                    new ObjectiveFunction(objective::applyAsDouble),
                    GoalType.MINIMIZE,
                    new InitialGuess(theta0),
                    new SimpleBounds(fill(n, LOG_LOWER), fill(n, LOG_UPPER)));
        if (best == null || found.getValue() < best.getValue()) {
          best = found;
        }
      } catch (TooManyEvaluationsException e) {
        // another starting point may still converge; judged below
      }
    }
    if (best == null || best.getValue() >= 1e100) {
      throw Errors.cannotFit(
          model, "the optimizer found no finite likelihood from any start", remedy);
    }
    double[] theta = best.getPoint();
    for (int i = 0; i < n; i++) {
      if (theta[i] < LOG_LOWER + BOUND_MARGIN || theta[i] > LOG_UPPER - BOUND_MARGIN) {
        throw Errors.cannotFit(
            model,
            "parameter "
                + names[i]
                + " ran to "
                + Math.exp(theta[i])
                + ", so the data cannot identify the model",
            remedy);
      }
    }
    double[] gradient = gradient(objective, theta);
    for (int i = 0; i < n; i++) {
      if (Math.abs(gradient[i]) > GRADIENT_TOLERANCE) {
        throw Errors.cannotFit(
            model,
            "the optimizer stopped where the log-likelihood still "
                + "slopes (d/dlog "
                + names[i]
                + " = "
                + gradient[i]
                + " per customer)",
            remedy);
      }
    }
    double[] params = exp(theta);
    return new Result(
        params,
        -best.getValue() * weight,
        standardErrors(model, names, objective, theta, params, weight, remedy));
  }

  /**
   * At the optimum the Hessian in log-parameters is J H J with J = diag(params), so the covariance
   * of the natural parameters is J (H_theta)^-1 J.
   */
  private static Map<String, Double> standardErrors(
      String model,
      String[] names,
      ToDoubleFunction<double[]> objective,
      double[] theta,
      double[] params,
      double weight,
      String remedy) {
    int n = theta.length;
    RealMatrix hessian = new Array2DRowRealMatrix(n, n);
    double f0 = objective.applyAsDouble(theta);
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double h;
        if (i == j) {
          h =
              (at(objective, theta, i, STEP, j, 0) - 2 * f0 + at(objective, theta, i, -STEP, j, 0))
                  / (STEP * STEP);
        } else {
          h =
              (at(objective, theta, i, STEP, j, STEP)
                      - at(objective, theta, i, STEP, j, -STEP)
                      - at(objective, theta, i, -STEP, j, STEP)
                      + at(objective, theta, i, -STEP, j, -STEP))
                  / (4 * STEP * STEP);
        }
        hessian.setEntry(i, j, h * weight);
        hessian.setEntry(j, i, h * weight);
      }
    }
    // A ridge (a combination of parameters the data says nothing about) shows as a near-zero
    // eigenvalue of the log-parameter information; the optimizer then stops anywhere on it.
    // Central differences with STEP = 1e-4 carry errors near 1e-8 per customer, so curvature
    // below MIN_CURVATURE per customer cannot be told from a flat ridge.
    double[] eigen = new EigenDecomposition(hessian).getRealEigenvalues();
    double min = Arrays.stream(eigen).min().orElseThrow() / weight;
    if (!(min > MIN_CURVATURE)) {
      throw Errors.cannotFit(
          model,
          "the log-likelihood is flat along some combination of "
              + String.join(", ", names)
              + ", so the data cannot identify the model",
          remedy);
    }
    LUDecomposition lu = new LUDecomposition(hessian);
    RealMatrix covariance = lu.getSolver().getInverse();
    Map<String, Double> errors = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      double variance = covariance.getEntry(i, i);
      if (!(variance > 0)) {
        throw Errors.cannotFit(model, "the maximum is not a proper peak in " + names[i], remedy);
      }
      errors.put(names[i], params[i] * Math.sqrt(variance));
    }
    return errors;
  }

  private static double[] gradient(ToDoubleFunction<double[]> f, double[] theta) {
    double[] g = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      g[i] = (at(f, theta, i, STEP, i, 0) - at(f, theta, i, -STEP, i, 0)) / (2 * STEP);
    }
    return g;
  }

  private static double at(
      ToDoubleFunction<double[]> f, double[] theta, int i, double di, int j, double dj) {
    double[] moved = theta.clone();
    moved[i] += di;
    moved[j] += dj;
    return f.applyAsDouble(moved);
  }

  private static double[] exp(double[] theta) {
    double[] p = new double[theta.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(theta[i]);
    }
    return p;
  }

  private static double[] fill(int n, double value) {
    double[] a = new double[n];
    Arrays.fill(a, value);
    return a;
  }
}

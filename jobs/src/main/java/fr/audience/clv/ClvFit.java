package fr.audience.clv;

import java.util.Map;

/**
 * A maximum-likelihood fit: the fitted model, its log-likelihood, how many customers it was fitted
 * on, and asymptotic standard errors of each parameter (inverse observed information).
 */
public record ClvFit<M>(
    M model, double logLikelihood, double customers, Map<String, Double> standardErrors) {}

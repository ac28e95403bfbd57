/**
 * {@code report.html}: one page that shows what a training run did, written next to
 * {@code summary.json} under {@code output.path}.
 *
 * <p>The job collects what it knows into a {@link io.sparkgrad.spark.report.RunReport} (with
 * {@link io.sparkgrad.spark.report.RunReport#builder()}) and writes
 * {@link io.sparkgrad.spark.report.ReportHtml#render(RunReport)} as UTF-8 text:
 *
 * <pre>{@code
 * RunReport report = RunReport.builder()
 *         .title(cfg.output().path())
 *         .model(cfg.model())
 *         .iterations(history)
 *         .finalMetrics("train", trainMetrics)
 *         .finalMetrics("validation", validMetrics)
 *         .config(resolvedConfigText)
 *         .timing("read", readSeconds).timing("train", trainSeconds)
 *         .rows(data.trainRows(), data.validationRows(), data.droppedRows())
 *         .features(data.numFeatures())
 *         .build();
 * staged.writeText("report.html", ReportHtml.render(report));
 * }</pre>
 *
 * <p>The page is self-contained: inline CSS and inline SVG, no script, nothing fetched from the
 * network (no fonts, images or style sheets), so it opens from a file in any browser and can be
 * mailed or archived as it is. It shows:
 *
 * <ul>
 *   <li>a header: run title, model and task, iterations (and where a resumed run came from),
 *       early stopping's best iteration, the final loss and validation metrics, rows, features,
 *       total time;
 *   <li>training charts against iteration: the loss ({@code class="series loss"}, stroke
 *       {@code #1f77b4}) with the objective dashed where a penalty makes it differ, the learning
 *       rate, and the gradient norm (on a log axis when it spans more than two decades);
 *   <li>validation during training, one chart per metric, early stopping's best iteration marked
 *       and ringed on the monitored metric; no section when the run did not validate;
 *   <li>the final metrics of the saved model, metric by split;
 *   <li>for classifiers, the confusion matrix: counts and row shares, shaded by share;
 *   <li>the time spent in each phase; the configuration, verbatim (cut after 100,000
 *       characters).
 * </ul>
 *
 * <p>Charts leave out non-finite values (the line breaks there and the caption counts them),
 * draw at most 2,000 points per series (each bucket keeps its minimum and maximum, so spikes
 * survive), and show a single iteration as a dot. All text is HTML-escaped.
 */
package io.sparkgrad.spark.report;

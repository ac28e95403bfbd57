package io.sparkgrad.spark.ml;

import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.OutputDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Spark ML's layout for a sparkgrad model: {@code metadata/} (the params, as every Spark ML
 * stage writes them) and {@code data/} — the model directory {@code TrainJob} writes:
 * {@code model.json}, {@code params.safetensors} and {@code MANIFEST.json}.
 */
final class SparkgradModelWriter extends MLWriter {
    private final SparkgradModel<?> model;

    SparkgradModelWriter(SparkgradModel<?> model) {
        this.model = model;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
        try {
            Path data = new Path(path, "data");
            FileSystem fs = data.getFileSystem(sc().hadoopConfiguration());
            OutputDir dir = OutputDir.at(fs, data);
            ModelStore.write(dir, model.savedModel(), null);
            dir.writeManifest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + model.uid() + " to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads what {@link SparkgradModelWriter} wrote, building the model with {@code make}. */
    static final class Reader<M extends SparkgradModel<M>> extends MLReader<M> {
        private final Class<M> type;
        private final Make<M> make;

        /** Builds a model from its uid and saved model. */
        @FunctionalInterface
        interface Make<M> {
            M of(String uid, io.sparkgrad.spark.output.SavedModel saved);
        }

        Reader(Class<M> type, Make<M> make) {
            this.type = type;
            this.make = make;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata = org.apache.spark.ml.util.DefaultParamsReader$.MODULE$.loadMetadata(path,
                    sparkSession(), type.getName());
            M model = make.of(metadata.uid(), ModelStore.read(sc().hadoopConfiguration(), new Path(path, "data").toString()));
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}

package io.sparkgrad.spark.ml

import io.sparkgrad.nn.{F, Reduction}
import io.sparkgrad.spark.model.{Model, ModelContext, Task}
import io.sparkgrad.tensor.Tensor

import java.util.{LinkedHashMap => JLinkedHashMap, Map => JMap}

/**
 * A user's model written in Scala, as `model.class` / `modelClass` loads it: logistic regression
 * on the engine's ops, with a `scale` option dividing the logits. The job differentiates `loss`
 * with the engine's autograd; nothing here is sparkgrad-internal.
 */
class ScalaLogisticModel(context: ModelContext) extends Model {
  private val features = context.numFeatures()
  private val scale = context.options().getOrDefault("scale", "1").toDouble

  override def task(): Task = Task.BINARY

  override def initialParameters(seed: Long): JLinkedHashMap[String, Tensor] = {
    val p = new JLinkedHashMap[String, Tensor]()
    p.put("weight", Tensor.zeros(1, features))
    p.put("bias", Tensor.zeros(1))
    p
  }

  private def logits(p: JMap[String, Tensor], x: Tensor): Tensor =
    F.linear(x, p.get("weight"), p.get("bias")).div(scale).reshape(x.shape()(0))

  override def loss(p: JMap[String, Tensor], x: Tensor, y: Tensor): Tensor =
    F.binaryCrossEntropyWithLogits(logits(p, x), y, Reduction.SUM)

  override def predict(p: JMap[String, Tensor], x: Tensor): Tensor = logits(p, x).sigmoid()
}

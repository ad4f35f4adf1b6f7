/**
 * DeepLab's output-stride rule. Stages are visited in order with their published stride; once the product
 * of the strides kept reaches the output stride, later strides become 1 and the dilation rate grows by
 * what was dropped instead, so the receptive field still grows while the map stays large. The stage whose
 * stride is dropped runs at the rate in force before it (as in DeepLab's Xception and torchvision's
 * dilated ResNets); the stages after it use the raised rate.
 */
export class StridePlan {
  private kept = 1;
  private rate = 1;

  constructor(readonly outputStride: number) {}

  /** The stride and dilation a stage with published stride `stride` gets. */
  next(stride: number): { stride: number; dilation: number } {
    const dilation = this.rate;
    if (stride === 1) return { stride, dilation };
    if (this.kept * stride > this.outputStride) {
      this.rate *= stride;
      return { stride: 1, dilation };
    }
    this.kept *= stride;
    return { stride, dilation };
  }
}

/** One entry of the demo site's samples.json: a face the visitor can try with one click. */
export interface SampleFace {
  /** Site-relative address of the image. */
  readonly file: string;
  /** `real` or the forgery family (`swap`, `reenact`, `texture`). */
  readonly kind: string;
  /** What the page shows under the thumbnail. */
  readonly label: string;
  /** The button's tooltip; default "Try a <label> face". */
  readonly title?: string;
}

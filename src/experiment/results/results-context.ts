/** What the results files say about where the numbers came from. */
export interface ResultsContext {
  /** The grid file's path. */
  grid: string;
  /** The dataset, absolute. */
  data: string;
  /** The compression levels every run trained and was tested on: "c23", "every level", "set per configuration". */
  compressions: string;
  runsTotal: number;
  runsEvaluated: number;
}

export { checkpointFileName, loadCheckpoint, NonFiniteStateError, readRunFile, runFileName, saveCheckpoint, type LoadedCheckpoint } from './checkpoint-files.ts';
export { restoreState } from './restore-state.ts';
export { decodeSafetensors, encodeSafetensors, type StoredTensor } from './safetensors.ts';
export {
  runRecordFormat,
  runRecordVersion,
  validateRunRecord,
  type DataSummary,
  type EpochMetrics,
  type InitRecord,
  type InitSource,
  type LossSummary,
  type RunFile,
  type RunRecord,
  type SplitSummary,
  type ValidationSummary,
} from './run-record.ts';

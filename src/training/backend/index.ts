export { chooseBackend, defaultCandidates } from './choose-backend.ts';
export { registerGradients } from './register-gradients.ts';
export {
  BackendFailureError,
  BackendUnavailable,
  BackendUnavailableError,
  backendNames,
  backendRequests,
  describeBackend,
  type BackendCandidate,
  type BackendChoice,
  type BackendName,
  type BackendRequest,
} from './backend-choice.ts';

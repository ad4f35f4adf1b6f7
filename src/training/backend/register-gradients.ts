import { register } from 'node:module';

/**
 * tfjs-core's Node bundle has no gradients: `@tensorflow/tfjs` registers them from the ESM files under
 * `tfjs-core/dist/`, which import extensionless paths. Node resolves those only with a loader's help, and
 * even tsx's gives up where a file and a folder share a name (`dist/gradients.js` beside `dist/gradients/`).
 * This hook retries exactly that case with `.js`, for imports from inside tfjs-core's dist folder only.
 * The gradient registry lives on the global object, so registering from the ESM copy serves the CJS copy.
 */
const resolveHook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const fromTfjsCore = context.parentURL !== undefined && context.parentURL.includes('/@tensorflow/tfjs-core/dist/');
    if (error && error.code === 'ERR_UNSUPPORTED_DIR_IMPORT' && fromTfjsCore) return next(specifier + '.js', context);
    throw error;
  }
}`;

let registered: Promise<void> | undefined;

/** Registers every tfjs gradient once per process; training calls it before its first `variableGrads`. */
export function registerGradients(): Promise<void> {
  registered ??= (async () => {
    register(`data:text/javascript,${encodeURIComponent(resolveHook)}`);
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  })();
  return registered;
}

/**
 * One executor for the promises a service makes, so that `execute` creates no closure per command:
 * `new Promise(capture.executor)` runs the executor at once, and the functions of that promise are then
 * in `resolve` and `reject` until the next one is made. Each service has its own.
 */
export interface PromiseCapture<T> {
  readonly executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (error: unknown) => void) => void;
  /** The `resolve` of the promise made last. */
  resolve: (value: T | PromiseLike<T>) => void;
  /** The `reject` of the promise made last. */
  reject: (error: unknown) => void;
}

const unset = (): void => {};

/** Creates a capture; read `resolve` and `reject` right after `new Promise(capture.executor)`. */
export const createPromiseCapture = <T>(): PromiseCapture<T> => {
  const capture: PromiseCapture<T> = {
    executor: (resolve, reject) => {
      capture.resolve = resolve;
      capture.reject = reject;
    },
    resolve: unset,
    reject: unset,
  };
  return capture;
};

import { expect } from "vitest";
import { ApiError } from "../../src/errors.js";

/** Awaits a call that must fail, and returns its ApiError (failing the test otherwise). */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

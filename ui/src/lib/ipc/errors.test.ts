import { describe, expect, it } from "vitest";
import { errorTitle, toBackendError } from "./errors";

describe("toBackendError", () => {
  it("keeps the contract's {kind, message} as is", () => {
    expect(toBackendError({ kind: "not_found", message: "no note x" })).toEqual({ kind: "not_found", message: "no note x" });
    expect(errorTitle("db_corrupt")).toBe("Database is damaged");
    expect(errorTitle("something-new")).toBe("Error");
  });

  it("never loses a message: strings, Errors and odd values all become readable", () => {
    expect(toBackendError("command search not found")).toEqual({ kind: "error", message: "command search not found" });
    expect(toBackendError(new Error("boom")).message).toBe("boom");
    expect(toBackendError({ code: 7 }).message).toBe('Unexpected error: {"code":7}');
    expect(toBackendError(undefined).message).toContain("undefined");
  });
});

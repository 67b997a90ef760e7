import {
  MongoAPIError,
  MongoError,
  MongoMissingCredentialsError,
  MongoNetworkError,
  MongoParseError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoInvalidArgumentError,
} from "mongodb";
import type { StoreFault } from "../store-fault";

const UNREACHABLE: StoreFault = { reason: "unreachable", heals: true, fix: "check that MongoDB is running and reachable at DATABASE_URL" };

/** Server codes that mean "not the writable primary right now" or "shutting down": they heal. */
const TRANSIENT_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  14031, // OutOfDiskSpace
]);
const AUTH_CODES = new Set([11, 13, 18]); // UserNotFound, Unauthorized, AuthenticationFailed
/**
 * Socket errors the driver sometimes lets through unwrapped (seen: EPIPE "This socket has been
 * ended by the other party" when the server is killed mid-write). Raised inside a store call,
 * they can only be the database connection.
 */
const SOCKET_CODES = new Set(["EPIPE", "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/** The driver's errors by class; server errors by code and the driver's retryability labels. */
export function classifyMongoError(err: unknown): StoreFault | null {
  if (!(err instanceof MongoError)) {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    return err instanceof Error && typeof code === "string" && SOCKET_CODES.has(code) ? UNREACHABLE : null;
  }
  if (
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNetworkError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoServerClosedError ||
    err instanceof MongoOperationTimeoutError
  ) {
    return UNREACHABLE;
  }
  if (err instanceof MongoParseError || err instanceof MongoInvalidArgumentError || err instanceof MongoMissingCredentialsError) {
    return { reason: "broken", heals: false, fix: "DATABASE_URL is not a valid MongoDB connection string for this driver" };
  }
  if (err instanceof MongoServerError) {
    const code = Number(err.code);
    if (code === 14031) return { reason: "full", heals: true, fix: "free disk space on the MongoDB server" };
    if (TRANSIENT_CODES.has(code)) return UNREACHABLE;
    if (AUTH_CODES.has(code)) return { reason: "broken", heals: false, fix: "the user name or password in DATABASE_URL is not accepted by MongoDB" };
    if (err.hasErrorLabel("RetryableWriteError") || err.hasErrorLabel("TransientTransactionError")) return UNREACHABLE;
    return null;
  }
  if (err instanceof MongoAPIError) return null; // our misuse of the driver: a bug
  if (err.hasErrorLabel("RetryableWriteError") || err.hasErrorLabel("ResetPool")) return UNREACHABLE;
  return null;
}

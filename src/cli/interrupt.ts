/**
 * Runs `work` with a signal that Ctrl-C aborts, so in-flight calls stop and the command can report it.
 * The handler is removed afterwards, and listens once: a second Ctrl-C kills the process as usual.
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once("SIGINT", onSigint);
  try {
    return await work(abort.signal);
  } finally {
    process.off("SIGINT", onSigint);
  }
}

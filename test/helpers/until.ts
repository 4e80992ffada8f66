/**
 * Resolves once `holds()` is true, checking every few milliseconds: for a state change with no event to
 * await (a log line written after the response, a socket the server saw close). No deadline of its own:
 * the test's timeout bounds it, so a loaded machine makes it slower, never wrong.
 */
export async function until(holds: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await holds())) await Bun.sleep(5);
}

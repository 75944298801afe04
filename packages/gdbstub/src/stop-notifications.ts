/**
 * The non-stop stop queue (GDB remote protocol, "Remote Non-Stop" and "Notification
 * Packets"; gdbserver's notif.c keeps the same discipline). Every stop reply of the
 * session goes into one queue. Only the head is ever announced, as the notification
 * `%Stop:REPLY`, and only when it becomes the head of an empty queue; the client then
 * drains the queue with `vStopped`: each one acknowledges the head, and the reply is the
 * next stop in the queue (a plain reply, not a notification) or `OK` once it is empty.
 * `?` in non-stop mode discards the queue and refills it with every stopped thread.
 */
export class StopNotifications {
  private queue: string[] = [];

  /** @param announce sends `%Stop:REPLY` (the session frames it). */
  constructor(private readonly announce: (reply: string) => void) {}

  get length(): number { return this.queue.length; }

  /** A new stop reply: announced at once when nothing awaits acknowledgement, else queued behind. */
  push(reply: string): void {
    this.queue.push(reply);
    if (this.queue.length === 1) this.announce(reply);
  }

  /** `vStopped`: the head is acknowledged; the reply is the next stop, or `OK`. */
  acknowledge(): string {
    this.queue.shift();
    return this.queue[0] ?? 'OK';
  }

  /** `?`: the queue becomes `replies` (unannounced); the reply to `?` is the first, or `OK` when nothing is stopped. */
  reset(replies: readonly string[]): string {
    this.queue = [...replies];
    return this.queue[0] ?? 'OK';
  }

  clear(): void { this.queue = []; }
}

/**
 * The non-stop stop queue (GDB remote protocol, "Remote Non-Stop" and "Notification
 * Packets"; gdbserver's notif.c keeps the same discipline). Every stop reply of the
 * session goes into one queue. Only the head is ever announced, as the notification
 * `%Stop:REPLY`, and only when it becomes the head of an empty queue; the client then
 * drains the queue with `vStopped`: each one acknowledges the head, and the reply is the
 * next stop in the queue (a plain reply, not a notification) or `OK` once it is empty.
 * `?` in non-stop mode discards the queue and refills it with every stopped thread.
 *
 * It also knows which vCPUs have a stop the client has not acknowledged yet (from the
 * moment the target reports it, before its reply is even built): such a vCPU is still
 * running as far as the client knows, so a resume the client sent meanwhile for "all
 * threads" must leave it stopped (handlers/non-stop.ts). Otherwise a `vCont;c` crossing
 * the `%Stop` of a step's end on the wire would turn the finished step into a continue.
 */
export class StopNotifications {
  /** `counted`: the stop is among `unacknowledged` (all but the reply to `?`, which the client has in hand). */
  private queue: { reply: string; vcpu: number; counted: boolean }[] = [];
  /** vCPU -> its stops reported by the target and not yet acknowledged by the client. */
  private readonly unacknowledged = new Map<number, number>();

  /** @param announce sends `%Stop:REPLY` (the session frames it). */
  constructor(private readonly announce: (reply: string) => void) {}

  get length(): number { return this.queue.length; }

  /** The target reported a stop of `vcpu`; its reply follows with `push`. */
  expect(vcpu: number): void {
    this.unacknowledged.set(vcpu, (this.unacknowledged.get(vcpu) ?? 0) + 1);
  }

  /** A stop `expect`ed is settled: acknowledged, or never to be pushed (the session closed meanwhile). */
  withdraw(vcpu: number): void {
    const n = (this.unacknowledged.get(vcpu) ?? 0) - 1;
    if (n > 0) this.unacknowledged.set(vcpu, n); else this.unacknowledged.delete(vcpu);
  }

  /** Whether `vcpu` has a stop the client has not acknowledged: to the client it is still running. */
  unreported(vcpu: number): boolean { return (this.unacknowledged.get(vcpu) ?? 0) > 0; }

  /** A new stop reply: announced at once when nothing awaits acknowledgement, else queued behind. */
  push(reply: string, vcpu: number): void {
    this.queue.push({ reply, vcpu, counted: true });
    if (this.queue.length === 1) this.announce(reply);
  }

  /** `vStopped`: the head is acknowledged; the reply is the next stop, or `OK`. */
  acknowledge(): string {
    const head = this.queue.shift();
    if (head?.counted) this.withdraw(head.vcpu);
    return this.queue[0]?.reply ?? 'OK';
  }

  /** `?`: the queue becomes `replies` (unannounced); the reply to `?` is the first, or `OK` when nothing is stopped. */
  reset(replies: readonly { reply: string; vcpu: number }[]): string {
    // the first is the reply to `?` itself: the client has seen that stop
    this.queue = replies.map((r, i) => ({ ...r, counted: i > 0 }));
    this.unacknowledged.clear();
    for (const r of replies.slice(1)) this.expect(r.vcpu);
    return this.queue[0]?.reply ?? 'OK';
  }

  clear(): void { this.queue = []; this.unacknowledged.clear(); }
}

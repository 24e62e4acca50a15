import { cancelExitCode, listenForCancel } from './cancelSignals';

describe('listenForCancel', () => {
  const expectNoHandlers = () => {
    expect(process.listenerCount('SIGINT')).toBe(0);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  };

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'handles %s: aborts the signal, names the cause, and lets a second one through',
    name => {
      const seen: string[] = [];
      const cancel = listenForCancel(signal => seen.push(signal));
      expect(process.listenerCount(name)).toBe(1);
      expect(cancel.signal.aborted).toBe(false);
      process.emit(name, name);
      expect(seen).toEqual([name]);
      expect(cancel.cause).toBe(name);
      expect(cancel.signal.aborted).toBe(true);
      expect((cancel.signal.reason as Error).message).toBe(`cancelled by ${name}`);
      // Both handlers are gone: the next signal gets its default action (Ctrl-C twice quits).
      expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(0);
      cancel.dispose();
      expectNoHandlers();
    },
  );

  it('removes its handlers when the run ends without a signal', () => {
    const cancel = listenForCancel();
    cancel.dispose();
    expect(cancel.cause).toBeUndefined();
    expectNoHandlers();
  });

  it('exits as a shell reports a process ended by the signal', () => {
    expect(cancelExitCode).toEqual({ SIGINT: 130, SIGTERM: 143 });
  });
});

/**
 * Connects a running VM to the build's timeline and events: its keys, disk samples, reboots and serial lines go
 * through the PhaseTracker, whose phases become the timeline's (and session.phase, which the heartbeat and error
 * messages name); its heartbeats and screenshots become events, with the time left from earlier builds of the
 * same kind.
 */
import type { VmSession } from '../vm/session.js';
import { heartbeatLine, type HeartbeatFacts } from '../vm/heartbeat.js';
import type { BuildContext } from './context.js';
import { buildKind, estimateRemainingMs, readHistory } from './history.js';
import { PhaseTracker } from './phase-tracker.js';
import { PHASES } from './timeline.js';

/** Starts following `session`; returns the function that stops it. */
export function followVm(context: BuildContext, session: VmSession): () => void {
  const { timeline, events } = context;
  const tracker = new PhaseTracker({
    onPhase: (phase) => {
      // The steps' phases have their own "==>" lines; these come from the guest's signals.
      if (timeline.advance(phase)) context.logger.info(`Phase: ${PHASES[phase]}`);
    },
    onGuestStep: ({ step, status, error }) => timeline.guestStep(step, status, error),
  });
  const previous = context.historyFile
    ? readHistory(context.historyFile).filter((entry) => entry.kind === buildKind(context))
    : [];
  session.estimateRemaining = () => {
    const current = timeline.current;
    return current && estimateRemainingMs(previous, current.name, Date.now() - current.startedAt);
  };
  if (timeline.current) session.phase = timeline.current.title;
  const offPhase = timeline.onPhase((phase) => {
    session.phase = phase.title;
  });
  const onKey = (): void => tracker.feed({ kind: 'key' });
  const onDisk = (bytes: number): void => tracker.feed({ kind: 'disk', bytes });
  const sampleDisk = (): void => {
    const bytes = session.diskBytes();
    if (bytes !== undefined) tracker.feed({ kind: 'disk', bytes });
  };
  // What the disk held before anything ran: Setup's writes are counted from here.
  sampleDisk();
  const onReboot = (reboots: number): void => {
    // A short WinPE can write everything between two samples: what it wrote before it rebooted counts.
    sampleDisk();
    timeline.reboot(reboots);
    tracker.feed({ kind: 'reboot', reboots });
  };
  const onLine = (text: string): void => tracker.feed({ kind: 'line', text });
  const onHeartbeat = (facts: HeartbeatFacts): void =>
    events.emit({ type: 'heartbeat', ...facts, line: heartbeatLine(facts) });
  const onScreenshot = (file: string, reason: string): void =>
    events.emit({ type: 'screenshot', file, reason });
  session.on('key', onKey);
  session.on('disk', onDisk);
  session.on('reboot', onReboot);
  session.on('heartbeat', onHeartbeat);
  session.on('screenshot', onScreenshot);
  session.serial.on('line', onLine);
  return () => {
    offPhase();
    session.off('key', onKey);
    session.off('disk', onDisk);
    session.off('reboot', onReboot);
    session.off('heartbeat', onHeartbeat);
    session.off('screenshot', onScreenshot);
    session.serial.off('line', onLine);
  };
}

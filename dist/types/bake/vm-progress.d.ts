/**
 * Connects a running VM to the build's timeline and events: its keys, disk samples, reboots and serial lines go
 * through the PhaseTracker, whose phases become the timeline's (and session.phase, which the heartbeat and error
 * messages name); its heartbeats and screenshots become events, with the time left from earlier builds of the
 * same kind.
 */
import type { VmSession } from '../vm/session.js';
import type { BuildContext } from './context.js';
/** Starts following `session`; returns the function that stops it. */
export declare function followVm(context: BuildContext, session: VmSession): () => void;

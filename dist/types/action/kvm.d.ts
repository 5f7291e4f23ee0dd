import { type EnableKvm, type KvmAccessPaths } from '../tools/kvm-access.js';
export declare function ensureKvm(mode: EnableKvm, accel: 'auto' | 'kvm' | 'tcg', paths?: KvmAccessPaths, signal?: AbortSignal): Promise<'kvm' | 'tcg'>;

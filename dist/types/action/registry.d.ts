import type { BuildOptions } from '../bake/options.js';
import { type PushOptions, type PushResult, type RegistryFormat } from '../registry/push.js';
import type { BuiltImage } from './summary.js';
export declare const PUBLISH_TARGETS: readonly ["artifact", "oci", "none"];
export type PublishTarget = 'artifact' | 'oci';
export declare const REGISTRY_INPUTS: readonly ["publish", "registry-ref", "registry-format", "registry-tags", "registry-moving-tag", "registry-username", "registry-password", "registry-insecure"];
export interface RegistrySettings {
    ref: string;
    format: RegistryFormat;
    tags: string[];
    movingTag?: string;
    insecure: boolean;
    username?: string;
    password?: string;
}
export interface PublishSettings {
    targets: PublishTarget[];
    /** With oci among the targets. */
    registry?: RegistrySettings;
}
/** Inputs (by name, as core.getInput gives them) → what to publish where. Pure; throws usage errors. */
export declare function publishSettings(input: (name: string) => string, env: NodeJS.ProcessEnv): PublishSettings;
/** REGISTRY/REPOSITORY[:TAG] with the registry and repository lower-cased, the tag as given. Pure. */
export declare function lowerCaseRepository(ref: string): string;
/** The push's options for a built image: the annotations from the build's result and options. Pure. */
export declare function pushOptionsFor(result: BuiltImage, options: Pick<BuildOptions, 'edition' | 'firmware'>, registry: RegistrySettings, env: NodeJS.ProcessEnv): PushOptions;
/** Pushes the image and sets registry-digest and registry-ref. */
export declare function publishToRegistry(result: BuiltImage, options: BuildOptions, registry: RegistrySettings): Promise<PushResult>;

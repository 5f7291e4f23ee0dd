/**
 * Image references and tags as the distribution spec writes them: `host[:port]/repo[:tag]`, tags matching
 * `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`, and the default tags a bake gets (`<edition-slug>-<yyyymmdd>` and a
 * moving one). Pure. Docker Hub's short names (`ubuntu`, `library/ubuntu`) are not expanded: the host is named.
 */
import { BuildError } from '../errors.js';

export interface ImageReference {
  /** host or host:port, as the user wrote it. */
  registry: string;
  repository: string;
  tag?: string;
}

const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const HOST =
  /^(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|\[[0-9a-fA-F:]+\]|[a-zA-Z0-9-]+)(?::[0-9]{1,5})?$/;
const EXAMPLE = 'ghcr.io/OWNER/windows:TAG, or localhost:5000/windows for a local registry';

function badRef(text: string, why: string, hint?: string): BuildError {
  return new BuildError('invalid-option', `Image reference "${text}": ${why}`, {
    hint: hint ?? `Write REGISTRY/REPOSITORY[:TAG], e.g. ${EXAMPLE}.`,
  });
}

/** `ghcr.io/owner/windows:tag` → its parts; throws a usage error naming what is wrong. */
export function parseReference(text: string): ImageReference {
  const trimmed = text.trim();
  if (trimmed === '') throw badRef(text, 'it is empty');
  if (/^[a-z]+:\/\//i.test(trimmed))
    throw badRef(text, 'it is a URL', `Drop the scheme: ${EXAMPLE} (--insecure chooses plain http).`);
  if (trimmed.includes('@'))
    throw badRef(text, 'a digest names content, it cannot be pushed to', 'Give a tag (:TAG) or none.');
  const slash = trimmed.indexOf('/');
  const host = slash < 0 ? '' : trimmed.slice(0, slash);
  // As docker does: the first part is a registry when it has a dot or a port, or is localhost.
  if (slash < 0 || !(host.includes('.') || host.includes(':') || host === 'localhost')) {
    throw badRef(
      text,
      'it names no registry host',
      `Docker Hub short names are not expanded: write the host, e.g. ${EXAMPLE} (Docker Hub: docker.io/USER/REPO).`,
    );
  }
  if (!HOST.test(host)) throw badRef(text, `"${host}" is not a host name or host:port`);
  let rest = trimmed.slice(slash + 1);
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    checkTag(tag);
  }
  const components = rest.split('/');
  if (rest === '' || !components.every((part) => COMPONENT.test(part))) {
    throw badRef(
      text,
      `"${rest}" is not a repository name`,
      'A repository is lower-case letters, digits and single separators (. _ __ -), in parts joined by /.',
    );
  }
  if (rest.length > 255) throw badRef(text, 'the repository name is longer than 255 characters');
  return {
    registry: host === 'docker.io' ? 'registry-1.docker.io' : host,
    repository: rest,
    ...(tag ? { tag } : {}),
  };
}

/** Throws a usage error when `tag` is not a valid tag. */
export function checkTag(tag: string): string {
  if (!TAG.test(tag)) {
    throw new BuildError('invalid-option', `"${tag}" is not a valid tag`, {
      hint: 'A tag is 1 to 128 letters, digits, _ . and -, and does not begin with . or -.',
    });
  }
  return tag;
}

/** "Windows 11 Pro" → "windows-11-pro": lower case, [a-z0-9._-], runs of anything else made one hyphen. */
export function editionSlug(edition: string): string {
  const slug = edition
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug === '' ? 'windows' : slug.slice(0, 100).replace(/[-.]+$/, '');
}

/** 2025-01-31 (UTC) → "20250131". */
export function dateStamp(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * The tags to push: the ones given (the reference's and --tag's), or by default `<edition-slug>-<yyyymmdd>`
 * and the moving tag (latest, or nightly). Each is checked; duplicates go.
 */
export function chooseTags(
  given: readonly string[],
  { edition, date, moving = 'latest' }: { edition?: string; date: Date; moving?: string },
): string[] {
  const tags =
    given.length > 0 ? [...given] : [`${editionSlug(edition ?? 'windows')}-${dateStamp(date)}`, moving];
  return [...new Set(tags.map(checkTag))];
}

/** `host/repo:tag` for messages and outputs. */
export function formatReference(ref: ImageReference, tagOrDigest?: string): string {
  const base = `${ref.registry}/${ref.repository}`;
  if (!tagOrDigest) return base;
  return tagOrDigest.includes(':') ? `${base}@${tagOrDigest}` : `${base}:${tagOrDigest}`;
}

/**
 * The artifact's automatic name (`artifact-name: auto`) and the matrix leg in it (`job-index`): what tells
 * the legs of a matrix apart.
 */
import * as core from '@actions/core';
import { BuildError } from '../errors.js';
import { dateStamp } from '../registry/reference.js';
import type { Firmware, WindowsOs } from '../targets.js';

/** What `artifact-name: auto` is made of: whatever tells the legs of a matrix apart. */
export interface AutoArtifactName {
  edition: string;
  /** Undefined when the edition does not say; the build finds out from install.wim. */
  os?: WindowsOs;
  firmware: Firmware;
  /** The matrix leg: strategy.job-index (job<n>), or a label that names it (a reusable workflow's leg name). */
  jobIndex?: number | string;
  date: Date;
}

/**
 * Windows 11 Pro, w11, uefi-secure, leg 2, 2026-11-29 → windows-11-pro-w11-uefi-secure-job2-20261129.qcow2;
 * with the leg labelled w11-pro instead: windows-11-pro-w11-uefi-secure-w11-pro-20261129.qcow2. Pure.
 */
export function autoArtifactName({ edition, os, firmware, jobIndex, date }: AutoArtifactName): string {
  const leg =
    typeof jobIndex === 'number' ? `job${jobIndex}` : jobIndex === undefined ? undefined : slug(jobIndex);
  const parts = [slug(edition) || 'windows', os, firmware, leg, dateStamp(date)];
  return `${parts.filter(Boolean).join('-')}.qcow2`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * job-index: empty outside a matrix (action.yml's default gives the index only when there are 2+ legs); a
 * whole number, or a label such as w11-pro that reads better than job<n> (the reusable workflow's leg names).
 * A label is slugged as the auto name would slug it ("W11 Pro" → w11-pro), at most 40 characters: a leg's
 * free-form name is never a reason to fail the build.
 */
export function jobIndexInput(): number | string | undefined {
  const text = core.getInput('job-index').trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const label = legLabel(text);
  if (!label) {
    throw new BuildError(
      'invalid-option',
      `Input job-index: "${text}" has no letter or digit to name the leg`,
      {
        hint: "Leave job-index to its default (the matrix leg's strategy.job-index), or give a number or a label with letters or digits (w11-pro).",
      },
    );
  }
  return label;
}

/** A leg's name as a label for file names: lower-case, runs of anything else than a-z0-9 → '-'. Pure. */
export function legLabel(text: string): string {
  return slug(text).slice(0, 40).replace(/-$/, '');
}

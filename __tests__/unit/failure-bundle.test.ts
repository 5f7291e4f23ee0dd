/** The pure parts of the failure bundle: the password's forms and their masking, the guest's last step, host facts. */
import { describe, expect, it } from '@jest/globals';
import { bundleDir, lastGuestStep } from '../../src/bake/failure-bundle.js';
import { cpuFacts, meminfoBytes } from '../../src/bake/host-facts.js';
import { renderAnswerFile } from '../../src/unattend/answer-file.js';
import { maskSecretForms, SECRET_MASK, secretForms } from '../../src/unattend/secret-forms.js';
import { HOSTILE_PASSWORD, passwordBytes } from '../support/bundle.js';

describe('masking the password', () => {
  it('masks every form a test scan looks for, in text that holds them all', () => {
    const text = passwordBytes(HOSTILE_PASSWORD)
      .slice(0, 5) // the UTF-16LE bytes are not text; a bundle writes UTF-8
      .map((form) => `[${form.toString()}]`)
      .join(' ');
    const { text: masked, masked: count } = maskSecretForms(text, secretForms(HOSTILE_PASSWORD));
    expect(count).toBe(5);
    expect(masked).toBe(Array(5).fill(`[${SECRET_MASK}]`).join(' '));
  });

  it("masks a rendered answer file's passwords, plain and XML-escaped, and JSON-escaped in JSON", () => {
    const xml = renderAnswerFile({
      username: 'baker',
      password: HOSTILE_PASSWORD,
      hostname: 'bake',
      edition: 'Windows Server 2022 SERVERDATACENTER',
      os: '2k22',
      firmware: 'bios',
      timezone: 'UTC',
      locale: 'en-US',
    });
    const forms = secretForms(HOSTILE_PASSWORD);
    const { text, masked } = maskSecretForms(xml, forms);
    // LocalAccount, AutoLogon and the built-in Administrator's.
    expect(masked).toBe(3);
    expect(text).not.toContain('p&amp;s$s');
    const json = maskSecretForms(JSON.stringify({ line: `pw ${HOSTILE_PASSWORD}` }), forms);
    expect(json.text).toBe(`{"line":"pw ${SECRET_MASK}"}`);
  });

  it('masks nothing for a one-character password (it would garble everything)', () => {
    expect(secretForms('a')).toEqual([]);
  });
});

describe('the bundle', () => {
  it('sits beside the output, never inside it', () => {
    expect(bundleDir('/out/win.qcow2')).toBe('/out/win.qcow2.failure');
  });

  it("finds the guest's last step, its failure line winning over the FAILED line before it", () => {
    const serial = [
      'standin: first logon: running F:\\first-logon.ps1',
      'bake-windows-image: first-logon: installing F:\\openssh\\x.msi',
      "bake-windows-image: first-logon: step 'virtio-win guest tools' FAILED: E:\\x.exe exited with code 1603",
      'bake-windows-image: guest failed: virtio-win guest tools: E:\\x.exe exited with code 1603',
      'standin: first logon: FirstLogonCommands finished',
    ].join('\r\n');
    expect(lastGuestStep(serial)).toBe('virtio-win guest tools: E:\\x.exe exited with code 1603');
    expect(lastGuestStep('standin: windowsPE: copying files\n')).toBeUndefined();
  });
});

describe('host facts', () => {
  it('reads the model and the virtualisation flags of the first CPU', () => {
    const cpuinfo =
      'processor\t: 0\nmodel name\t: AMD EPYC 7763\nflags\t\t: fpu svm sse4_2 hypervisor npt\n\nprocessor\t: 1\nflags\t\t: vmx\n';
    expect(cpuFacts(cpuinfo)).toEqual({
      model: 'AMD EPYC 7763',
      virtualisationFlags: ['svm', 'hypervisor', 'npt'],
    });
    expect(cpuFacts('')).toEqual({ model: undefined, virtualisationFlags: [] });
  });

  it('reads /proc/meminfo values in bytes', () => {
    const meminfo = 'MemTotal:        8000000 kB\nMemAvailable:    1000 kB\n';
    expect(meminfoBytes(meminfo, 'MemAvailable')).toBe(1000 * 1024);
    expect(meminfoBytes(meminfo, 'SwapFree')).toBeUndefined();
  });
});

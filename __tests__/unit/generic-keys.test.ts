/** Which product key the answer file gets: a given one, none, or the edition's generic key. Pure. */
import { describe, expect, it } from '@jest/globals';
import {
  chooseProductKey,
  describeKeyChoice,
  GENERIC_KEYS,
  NO_PRODUCT_KEY,
} from '../../src/unattend/generic-keys.js';

const client = (editionId: string) => ({ editionId, installationType: 'Client' });

describe('chooseProductKey', () => {
  it('a given key wins, also over a generic one', () => {
    expect(chooseProductKey(' abcde-fghij-klmno-pqrst-uvwxy ', client('Professional'))).toEqual({
      source: 'given',
      key: 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY',
    });
  });

  it.each(['none', 'None', ' NONE '])('%j turns the generic key off', (given) => {
    expect(chooseProductKey(given, client('Core'))).toMatchObject({ source: 'none' });
  });

  it.each([
    ['Core', 'YTMG3-N6DKC-DKB77-7M9GH-8HVX7'],
    ['CoreN', '4CPRK-NM3K3-X6XXQ-RXX86-WXCHW'],
    ['CoreSingleLanguage', 'BT79Q-G7N6G-PGBYW-4YWX6-6F4BT'],
    ['Professional', 'VK7JG-NPHTM-C97JM-9MPGT-3V66T'],
    ['professionaln', '2B87N-8KFHP-DKV6R-Y2C8J-PKCKT'],
    ['Education', 'YNMGQ-8RYV3-4PGQ3-C8XTP-7CFBY'],
    ['Enterprise', 'NPPR9-FWDCX-D2C8J-H872K-2YT43'],
    ['ProfessionalWorkstation', 'DXG7C-N36C4-C4HTG-X4T3X-2YV77'],
  ])('a client %s image gets its generic key', (editionId, key) => {
    expect(chooseProductKey(undefined, client(editionId))).toMatchObject({ source: 'generic', key });
    expect(chooseProductKey('', client(editionId))).toMatchObject({ source: 'generic', key });
  });

  it.each([
    [{ editionId: 'ServerDatacenter', installationType: 'Server' }, /installation type Server/],
    [{ editionId: 'ServerStandard', installationType: 'Server Core' }, /installation type Server Core/],
    [{ editionId: 'Professional', installationType: 'WindowsPE' }, /installation type WindowsPE/],
    [client('EnterpriseEval'), /no generic key is known for edition EnterpriseEval/],
    [client('EnterpriseS'), /no generic key is known for edition EnterpriseS/],
    [client('SomethingNew'), /no generic key is known/],
    [{ installationType: 'Client' }, /no EDITIONID/],
  ])('%j gets no key', (image, reason) => {
    const choice = chooseProductKey(undefined, image);
    expect(choice.source).toBe('none');
    expect(choice.source === 'none' && choice.reason).toMatch(reason);
  });

  it('every key in the table has the product key form, and no two editions share one', () => {
    const keys = Object.values(GENERIC_KEYS).map((entry) => entry.key);
    for (const key of keys) expect(key).toMatch(/^([A-Z0-9]{5}-){4}[A-Z0-9]{5}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('describeKeyChoice', () => {
  it('names the source, not the key', () => {
    expect(describeKeyChoice(chooseProductKey(undefined, client('Professional')))).toBe(
      'Product key: generic key for Professional (retail generic key: selects the edition, does not activate)',
    );
    expect(describeKeyChoice(chooseProductKey('VK7JG-NPHTM-C97JM-9MPGT-3V66T', client('Core')))).toBe(
      'Product key: the one given',
    );
    expect(describeKeyChoice(chooseProductKey(NO_PRODUCT_KEY, client('Core')))).toMatch(
      /^Product key: none \(product key "none"\)/,
    );
  });
});

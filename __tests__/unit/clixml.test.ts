/** Windows PowerShell's CLIXML error stream (no terminal over SSH) read back as the console's text. */
import { describe, expect, it } from '@jest/globals';
import { plainStderr, plainStderrLines } from '../../src/guest/clixml.js';

describe('plainStderr', () => {
  it('reads the error records of Windows PowerShell 5.1, in order, with their line ends', () => {
    const clixml =
      '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">' +
      '<Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T></TN></Obj>' +
      '<S S="Error">Optimize-Volume : Incorrect function._x000D__x000A_</S>' +
      '<S S="Error">At line:1 char:1_x000D__x000A_</S>' +
      '<S S="Error">+ Optimize-Volume -DriveLetter C -ReTrim -Verbose_x000D__x000A_</S>' +
      '<S S="Error">    + FullyQualifiedErrorId : StorageWMI 1,Optimize-Volume_x000D__x000A_</S>' +
      '<S S="Error"> _x000D__x000A_</S></Objs>';
    expect(plainStderr(clixml).split('\r\n')).toEqual([
      'Optimize-Volume : Incorrect function.',
      'At line:1 char:1',
      '+ Optimize-Volume -DriveLetter C -ReTrim -Verbose',
      '    + FullyQualifiedErrorId : StorageWMI 1,Optimize-Volume',
      ' ',
      '',
    ]);
  });

  it("reads PowerShell 7's coloured records (PowerShell/PowerShell#16678) and XML entities", () => {
    const clixml =
      '#< CLIXML\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">' +
      '<S S="Error">_x001B_[91mWrite-Error: _x001B_[91mboomed &lt;a &amp; b&gt; _x005F_x_x000A_</S></Objs>';
    expect(plainStderr(clixml)).toBe('Write-Error: boomed <a & b> _x\n');
  });

  it('leaves plain text alone, and keeps what came before the CLIXML', () => {
    expect(plainStderr("'x' is not recognized as an internal or external command,\r\n")).toBe(
      "'x' is not recognized as an internal or external command,\r\n",
    );
    expect(plainStderr('warning\r\n#< CLIXML\r\n<Objs><S S="Error">e_x000A_</S></Objs>')).toBe(
      'warning\r\ne\n',
    );
  });
});

describe('stderr lines as they stream', () => {
  it('drops the header and progress, keeps the errors of a CLIXML line and any plain line', () => {
    expect(plainStderrLines('#< CLIXML')).toEqual([]);
    expect(
      plainStderrLines(
        '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T></TN></Obj><S S="Error">the agent service did not start_x000D__x000A_</S><S S="Error">At line:1 char:1_x000D__x000A_</S></Objs>',
      ),
    ).toEqual(['the agent service did not start', 'At line:1 char:1']);
    expect(plainStderrLines('plain text from cmd')).toEqual(['plain text from cmd']);
  });
});

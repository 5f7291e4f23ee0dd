import { type AnswerFileInput } from '../../unattend/answer-file.js';
import type { BuildContext, Step } from '../context.js';
export declare function answerFileInput(context: BuildContext): AnswerFileInput;
export declare class MakeAnswerMedium implements Step {
    readonly title = "Writing the answer medium";
    run(context: BuildContext): Promise<void>;
}

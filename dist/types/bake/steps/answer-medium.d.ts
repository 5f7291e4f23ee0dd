import { type AnswerFileInput } from '../../unattend/answer-file.js';
import type { BuildContext, Step } from '../context.js';
export declare function answerFileInput(context: BuildContext): AnswerFileInput;
export declare const answerMedium: Step;

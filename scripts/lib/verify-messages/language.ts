import { en } from './en.ts';
import type { VerifyLanguage, VerifyMessages } from './messages.ts';
import { zhCN } from './zh-CN.ts';

/** Chinese first: what the command prints unless given --lang en. */
export const DEFAULT_LANGUAGE: VerifyLanguage = 'zh-CN';

export const VERIFY_MESSAGES: Record<VerifyLanguage, VerifyMessages> = { 'zh-CN': zhCN, en };

export const isVerifyLanguage = (language: string): language is VerifyLanguage => Object.hasOwn(VERIFY_MESSAGES, language);

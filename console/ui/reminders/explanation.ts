import type { Finding } from '../api/types.ts';
import type { Language } from '../i18n/messages.ts';

/** The server explains every finding in both languages; the console shows the one being read. */
export const explanationOf = (finding: Pick<Finding, 'explanation'>, language: Language): Finding['explanation']['zh'] =>
  language === 'zh-CN' ? finding.explanation.zh : finding.explanation.en;

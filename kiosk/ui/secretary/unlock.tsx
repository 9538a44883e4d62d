import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { PinPad } from './pin-pad.tsx';
import { ErrorMessage, SecretaryPanel } from './secretary-panel.tsx';
import { useCall } from './use-call.ts';

/** The admin PIN before any secretary screen; the core checks it (and locks the pad after wrong guesses). */
export function Unlock({ api, onUnlocked, onBack }: { api: KioskApi; onUnlocked: () => void; onBack: () => void }) {
  const messages = useMessages();
  const call = useCall();
  const submit = (pin: string): void =>
    call.run(
      async () => {
        const reply = await api.verifyAdminPin(pin);
        // A wrong PIN is an answer (false), not a failure; the screen shows it like one.
        return reply.ok && !reply.value ? { ok: false as const, error: { code: 'ERR_ADMIN_PIN_WRONG', message: 'wrong PIN' } } : reply;
      },
      () => onUnlocked(),
    );
  return (
    <SecretaryPanel title={messages.pinTitle} onBack={onBack}>
      <PinPad busy={call.busy} onSubmit={submit}>
        <p className="pin-pad__hint">{messages.pinHint}</p>
        <ErrorMessage error={call.error} />
      </PinPad>
    </SecretaryPanel>
  );
}

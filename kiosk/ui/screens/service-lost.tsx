import { useMessages } from '../i18n/language.tsx';

/** Browser mode only: the page lost its socket to the kiosk service, so no tap would be answered. */
export function ServiceLost() {
  const messages = useMessages();
  return (
    <div className="service-lost" role="alert">
      <p className="service-lost__title">{messages.serviceLost}</p>
      <p className="service-lost__action">{messages.serviceLostAction}</p>
    </div>
  );
}

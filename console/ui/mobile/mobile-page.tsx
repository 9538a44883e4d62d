import { useState } from 'react';
import type { MobilePeriod } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { can } from '../auth/capabilities.ts';
import { DoneNotice } from '../components/error-notice.tsx';
import { Empty, LoadState } from '../components/loading.tsx';
import { Pager } from '../components/pager.tsx';
import { useCursorPages } from '../components/use-cursor-pages.ts';
import { useLoad } from '../components/use-load.ts';
import { ShowAllToggle } from '../components/show-all-toggle.tsx';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { ChangeEndDialog } from './change-end-dialog.tsx';
import { MobileSpan } from './mobile-span.tsx';
import { RegisterMobileForm } from './register-mobile-form.tsx';

const PAGE_SIZE = 50;

/** Registrations that can still change: running, or not begun yet. */
const isOpen = (period: MobilePeriod): boolean => period.status === 'active' || period.status === 'scheduled';

/**
 * Mobile members: away from home for a while, taking part in an inflow organisation's meetings without
 * leaving their own. Registrations within reach (as host or as home), extend and end early, and register.
 */
export function MobilePage() {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const [all, setAll] = useState(false);
  const [registering, setRegistering] = useState(false);
  const [changing, setChanging] = useState<{ period: MobilePeriod; kind: 'extend' | 'end' }>();
  const [notice, setNotice] = useState<string>();
  const pages = useCursorPages();
  const periods = useLoad(
    () => api.mobilePeriods({ status: all ? undefined : 'active', before: pages.cursor, limit: PAGE_SIZE }),
    `mobile|${all}|${pages.cursor ?? ''}`,
  );
  const mayRegister = can(user, 'member.period.add');
  const mayChange = can(user, 'mobile.update');

  return (
    <section>
      <div className="page__head">
        <h1>{m.mobileTitle}</h1>
        {mayRegister && !registering && (
          <button type="button" className="button button--primary" onClick={() => setRegistering(true)} data-testid="register-mobile">
            {m.registerMobile}
          </button>
        )}
        <p className="muted">{m.mobileHint}</p>
      </div>
      {registering && (
        <RegisterMobileForm
          onDone={(period) => {
            setRegistering(false);
            periods.reload();
            setNotice(m.registeredNotice(period.memberName, period.orgName));
          }}
          onCancel={() => setRegistering(false)}
        />
      )}
      <ShowAllToggle checked={all} label={m.showEndedRegistrations} onChange={setAll} restartPages={pages.reset} />
      <DoneNotice text={notice} />
      <LoadState loaded={periods}>
        {({ periods: list, next }) =>
          list.length === 0 ? (
            <Empty text={all ? m.noMobileAll : m.noMobile} />
          ) : (
            <>
              <table className="table" data-testid="mobile">
                <thead>
                  <tr>
                    <th>{m.member}</th>
                    <th>{m.homeOrg}</th>
                    <th>{m.inflowOrg}</th>
                    <th>{m.period}</th>
                    <th>{m.reason}</th>
                    <th>{m.status}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((period) => (
                    <tr key={period.id} data-testid={`mobile-${period.member}`}>
                      <td>
                        <Link to={{ page: 'member', number: period.member }}>{period.memberName}</Link> <span className="code">{period.member}</span>
                      </td>
                      <td>
                        <OrgName code={period.homeOrg} name={period.homeOrgName} />
                      </td>
                      <td>
                        <OrgName code={period.org} name={period.orgName} />
                      </td>
                      <td className="nowrap">
                        <MobileSpan period={period} />
                      </td>
                      <td>{period.reason ?? '—'}</td>
                      <td>
                        <span className={`status status--${period.status}`}>{m.mobileStatuses[period.status]}</span>
                      </td>
                      <td className="actions">
                        {mayChange && isOpen(period) && (
                          <>
                            {period.to !== null && (
                              <button type="button" className="button button--quiet" onClick={() => setChanging({ period, kind: 'extend' })} data-testid="extend">
                                {m.extend}
                              </button>
                            )}
                            <button type="button" className="button button--quiet" onClick={() => setChanging({ period, kind: 'end' })} data-testid="end-early">
                              {m.endEarly}
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager page={pages.page} hasNext={next !== null} onPage={(wanted) => pages.go(wanted, next)} />
            </>
          )
        }
      </LoadState>
      {changing && (
        <ChangeEndDialog
          period={changing.period}
          kind={changing.kind}
          onClose={() => setChanging(undefined)}
          onChanged={(text) => {
            setChanging(undefined);
            periods.reload();
            setNotice(text);
          }}
        />
      )}
    </section>
  );
}

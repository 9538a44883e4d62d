/** Tabs as buttons over one panel; the chosen one is pressed, so assistive technology and tests can tell. */
export function Tabs<T extends string>({ tabs, current, onChange, label }: { tabs: readonly { id: T; label: string; count?: number | string }[]; current: NoInfer<T>; onChange(id: NoInfer<T>): void; label: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          aria-selected={tab.id === current}
          className={tab.id === current ? 'tabs__tab tabs__tab--current' : 'tabs__tab'}
          onClick={() => onChange(tab.id)}
          data-testid={`tab-${tab.id}`}
        >
          {tab.label}
          {tab.count !== undefined && <span className="tabs__count">{tab.count}</span>}
        </button>
      ))}
    </div>
  );
}

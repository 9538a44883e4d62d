/**
 * The toolbar checkbox that widens a paged list to what is settled too (ended registrations, decided
 * letters). Changing it starts the list again from its first page.
 */
export function ShowAllToggle({ checked, label, onChange, restartPages }: { checked: boolean; label: string; onChange: (all: boolean) => void; restartPages: () => void }) {
  return (
    <div className="toolbar">
      <label className="check">
        <input
          type="checkbox"
          checked={checked}
          onChange={(event) => {
            onChange(event.target.checked);
            restartPages();
          }}
        />{' '}
        {label}
      </label>
    </div>
  );
}

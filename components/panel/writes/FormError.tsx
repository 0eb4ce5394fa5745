import type { DraftForm } from './useDraftForm';

/** Why the backend refused a write, field by field where it said so. */
export function FormError({ form }: { form: DraftForm }) {
  if (!form.error) return null;
  return (
    <div className="ps-form-error" role="alert" data-testid="portside-form-error">
      <p>{form.error.message}</p>
      {form.error.fields.length > 0 && (
        <ul>
          {form.error.fields.map((f) => (
            <li key={f.field}>
              <strong>{f.field}</strong>: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

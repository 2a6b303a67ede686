/** The studio's error banner: the last failed action, in the user's terms, until dismissed. */
import { useStudio, useStudioActions } from '../state/studio-context';

export function ErrorBanner() {
  const error = useStudio((s) => s.error);
  const { dismissError } = useStudioActions();
  if (!error) return null;
  return (
    <div className={`error-banner code-${error.code}`} role="alert" data-testid="error-banner" data-code={error.code} key={error.id}>
      <div className="error-banner-text">
        <strong>{error.action}:</strong> {error.title}. <span data-testid="error-detail">{error.detail}</span>
      </div>
      <button type="button" className="error-banner-close" aria-label="Dismiss the error" data-testid="error-dismiss" onClick={dismissError}>
        ×
      </button>
    </div>
  );
}

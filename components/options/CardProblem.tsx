/** Why a card has nothing to show. No connected portal yet is a normal state, not an error. */
export interface Problem {
  code: string;
  message: string;
}

export function CardProblem({ problem, notConnected }: { problem: Problem | null; notConnected: string }) {
  if (!problem) return null;
  if (problem.code === 'portal_not_connected') return <p className="ps-muted" data-testid="card-not-connected">{notConnected}</p>;
  return <p role="alert" className="ps-error">{problem.message}</p>;
}

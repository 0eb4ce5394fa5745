import type { LinkEvidence } from '../../../lib/contract/api/identity';

const PROVEN: Record<Exclude<LinkEvidence, 'unverified'>, string> = {
  verified_email: 'Verified by email',
  code_proof: 'Verified by a code sent to the HubSpot user',
};

/** How a link was proven; an unverified one is marked (it still works: an admin set it). */
export function LinkEvidenceNote({ evidence }: { evidence: LinkEvidence }) {
  if (evidence === 'unverified') {
    return (
      <strong className="ps-warning" data-testid="link-unverified">
        Unverified link — not proven by email
      </strong>
    );
  }
  return (
    <span className="ps-muted ps-small" data-testid="link-verified">
      {PROVEN[evidence]}
    </span>
  );
}

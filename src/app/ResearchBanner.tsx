/** Shown on every screen: the regulatory status is part of the product, not a footnote. */
export function ResearchBanner() {
  return (
    <div className="research-banner" role="note">
      Research use only — decision support, not a medical device. Every AI output needs a radiologist's review.
    </div>
  );
}

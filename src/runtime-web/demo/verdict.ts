/**
 * What the page says about a probability of fake, decided at 0.5 as `ftd infer` labels it. Only a fake
 * verdict carries a percentage: "real 93%" would read as a second, different score.
 */
export function verdict(prob: number): { text: string; kind: 'fake' | 'real' } {
  if (prob >= 0.5) return { text: `likely fake ${Math.round(prob * 100)}%`, kind: 'fake' };
  return { text: 'likely real', kind: 'real' };
}

// jstat ships no type declarations; this names the one function ftd calls.
declare module 'jstat' {
  const jStat: {
    studentt: {
      /** The p-quantile of Student's t distribution with `degreesOfFreedom` degrees of freedom. */
      inv(p: number, degreesOfFreedom: number): number;
    };
  };
  export default jStat;
}

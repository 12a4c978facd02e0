package nl.jeugdpoort.policy.identity;

/** C5 — the BSN: nine digits passing the elfproef (weights 9…2 and −1); 000000000 is rejected. */
public final class Bsn {
  private Bsn() {}

  /** True for a well-formed BSN (C5). */
  public static boolean isValid(String bsn) {
    if (bsn == null || bsn.length() != 9) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      char c = bsn.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      int digit = c - '0';
      sum += i < 8 ? digit * (9 - i) : -digit;
    }
    return sum % 11 == 0 && !"000000000".equals(bsn);
  }

  /**
   * The ninth digit that makes the first eight a valid BSN, or -1 when none exists (the remainder
   * would be 10). Used by generators of synthetic data.
   */
  public static int checkDigit(String firstEight) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += (firstEight.charAt(i) - '0') * (9 - i);
    }
    int check = sum % 11;
    return check == 10 ? -1 : check;
  }
}

package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * F3: whether a youth of 16 or older lets their authority holders (parents) see what was shared.
 */
@Entity
@Table(name = "youth_visibility")
public class YouthVisibilityEntity {
  @Id
  @Column(name = "youth_bsn")
  private String youthBsn;

  @Column(name = "parents_may_see", nullable = false)
  private boolean parentsMaySee;

  @Column(name = "set_by", nullable = false)
  private String setBy;

  @Column(name = "set_at", nullable = false)
  private Instant setAt;

  protected YouthVisibilityEntity() {}

  public YouthVisibilityEntity(
      String youthBsn, boolean parentsMaySee, String setBy, Instant setAt) {
    this.youthBsn = youthBsn;
    this.parentsMaySee = parentsMaySee;
    this.setBy = setBy;
    this.setAt = setAt;
  }

  public String youthBsn() {
    return youthBsn;
  }

  public boolean parentsMaySee() {
    return parentsMaySee;
  }

  public String setBy() {
    return setBy;
  }

  public Instant setAt() {
    return setAt;
  }

  public void set(boolean parentsMaySee, String by, Instant at) {
    this.parentsMaySee = parentsMaySee;
    this.setBy = by;
    this.setAt = at;
  }
}

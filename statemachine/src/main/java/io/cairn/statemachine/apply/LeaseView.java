package io.cairn.statemachine.apply;

import com.google.protobuf.ByteString;
import java.util.List;

/** The stored leases as one transaction sees them. Attaching keys is {@link KvView}'s concern. */
public interface LeaseView {
  /** True when lease {@code id} exists. */
  boolean exists(long id);

  /** Stores lease {@code id}, which must not exist. */
  void grant(long id, long ttlSeconds);

  /** Keys attached to lease {@code id}, in key order. */
  List<ByteString> keys(long id);

  /** Removes lease {@code id}; its keys must be detached (deleted) first. */
  void revoke(long id);

  /** The next id to try when a grant asks for any id. */
  long nextId();

  void setNextId(long id);
}

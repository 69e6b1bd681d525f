package io.neuroquantum.server.channels;

import java.util.regex.Pattern;

/** A channel name {@code namespace:name}, e.g. {@code custom:chat} or {@code anneal:7f3c}. */
public record ChannelName(String namespace, String name) {

  private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@=\\-]{1,200}");

  /**
   * @throws IllegalArgumentException with a reason fit for the client when the name is malformed
   */
  public static ChannelName parse(String channel) {
    int colon = channel == null ? -1 : channel.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("channel \"" + channel + "\" must look like namespace:name");
    }
    String namespace = channel.substring(0, colon);
    String name = channel.substring(colon + 1);
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("namespace \"" + namespace + "\" must be lower-case letters, digits or _");
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("channel name \"" + name + "\" must be 1-200 characters of A-Z a-z 0-9 _ . : @ = -");
    }
    return new ChannelName(namespace, name);
  }

  @Override
  public String toString() {
    return namespace + ":" + name;
  }
}

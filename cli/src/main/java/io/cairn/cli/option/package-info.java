/**
 * Options shared by commands and where their values come from: flag, then {@code CAIRN_*}
 * environment variable, then the {@code --config} YAML file (server), then the built-in default.
 */
package io.cairn.cli.option;

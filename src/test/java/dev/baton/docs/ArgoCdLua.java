package dev.baton.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * Runs an Argo CD health script the way Argo CD does: the resource in the global {@code obj}, only
 * the base, package and table libraries, and the returned table read as status and message.
 */
public final class ArgoCdLua {

  /** What Argo CD would show for a resource. */
  public record Health(String status, String message) {}

  private final String script;

  private ArgoCdLua(String script) {
    this.script = script;
  }

  public static ArgoCdLua load(Path script) throws IOException {
    return new ArgoCdLua(Files.readString(script));
  }

  public Health health(JsonNode resource) {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", toLua(resource));
    LuaValue result = globals.load(script, "health.lua").call();
    if (!result.istable()) {
      throw new IllegalStateException("the script returned " + result.typename() + ", not a table");
    }
    return new Health(text(result.get("status")), text(result.get("message")));
  }

  private static String text(LuaValue value) {
    return value.isnil() ? null : value.tojstring();
  }

  /** JSON to Lua as Argo CD converts it: arrays from index 1, every number a Lua number. */
  private static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }
}

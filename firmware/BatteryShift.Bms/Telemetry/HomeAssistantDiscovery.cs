namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Home Assistant MQTT discovery: one retained configuration per entity at
    /// <c>&lt;discovery prefix&gt;/&lt;component&gt;/&lt;module id&gt;/&lt;object&gt;/config</c>, each reading
    /// the state or cells topic with a value template and using the availability topic. Nothing is held
    /// between announcements: each topic name is built and each payload written into the shared writer when
    /// the link connects.
    /// </summary>
    public sealed class HomeAssistantDiscovery
    {
        private const int FromState = 0;
        private const int FromCells = 1;

        // columns of an entity record: object id, name, JSON field, unit, device class, state class, diagnostic (1)
        private const int ColumnObject = 0;
        private const int ColumnName = 1;
        private const int ColumnField = 2;
        private const int ColumnUnit = 3;
        private const int ColumnDeviceClass = 4;
        private const int ColumnStateClass = 5;
        private const int ColumnDiagnostic = 6;
        private const char ColumnSeparator = '|';

        private const int EntityCount = 27;
        private const int FirstBinary = 22;
        private const int StateEntity = 14;
        private const int BleedingCellsEntity = 17;

        private readonly TelemetryTopics _topics;
        private readonly string _prefix;
        private readonly int _cellCount;
        private readonly string _boardId;
        private readonly string _entitySlug;

        /// <summary>
        /// Keeps what the topics and payloads are made of; nothing is built here.
        /// </summary>
        /// <param name="topics">The module's topics.</param>
        /// <param name="discoveryPrefix">Home Assistant discovery prefix (normally "homeassistant").</param>
        /// <param name="cellCount">Cells in series (one voltage entity each).</param>
        public HomeAssistantDiscovery(TelemetryTopics topics, string discoveryPrefix, int cellCount)
            : this(topics, discoveryPrefix, cellCount, null)
        {
        }

        /// <summary>
        /// Keeps what the topics and payloads are made of; nothing is built here.
        /// </summary>
        /// <param name="topics">The module's topics.</param>
        /// <param name="discoveryPrefix">Home Assistant discovery prefix (normally "homeassistant").</param>
        /// <param name="cellCount">Cells in series (one voltage entity each).</param>
        /// <param name="boardId">The board's unique id (from the chip's MAC, e.g. "bs-a4cf12345678"): unique ids and the
        /// device identifier are made of it, so two modules left at the same module id neither collide nor merge in
        /// Home Assistant; null or empty: the module id.</param>
        public HomeAssistantDiscovery(TelemetryTopics topics, string discoveryPrefix, int cellCount, string boardId)
        {
            _boardId = boardId == null || boardId.Length == 0 ? topics.ModuleId : boardId;
            _entitySlug = Slug(topics.ModuleId);
            _topics = topics;
            _cellCount = cellCount;
            _prefix = discoveryPrefix == null || discoveryPrefix.Length == 0 ? "homeassistant" : discoveryPrefix;
        }

        /// <summary>Entities announced.</summary>
        public int Count
        {
            get { return EntityCount + _cellCount; }
        }

        /// <summary>
        /// Builds the configuration topic of an entity:
        /// <c>&lt;prefix&gt;/&lt;sensor|binary_sensor&gt;/&lt;module id&gt;/&lt;object&gt;/config</c>. The one
        /// string is made here, when the entity is announced (at each connection), so no topic is held between
        /// connections.
        /// </summary>
        /// <param name="index">Entity index, below <see cref="Count"/>.</param>
        /// <returns>The topic name.</returns>
        public string Topic(int index)
        {
            bool isCell = index >= EntityCount;
            string entity = isCell ? null : Entity(index);
            string component = !isCell && index >= FirstBinary ? "/binary_sensor/" : "/sensor/";
            string moduleId = _topics.ModuleId;
            int objectLength;
            if (isCell)
            {
                objectLength = 5 + Digits(index - EntityCount + 1);
            }
            else
            {
                int start;
                objectLength = Column(entity, ColumnObject, out start);
            }

            char[] chars = new char[_prefix.Length + component.Length + moduleId.Length + 1 + objectLength + 7];
            int at = Put(chars, 0, _prefix, 0, _prefix.Length);
            at = Put(chars, at, component, 0, component.Length);
            at = Put(chars, at, moduleId, 0, moduleId.Length);
            chars[at++] = '/';
            if (isCell)
            {
                at = Put(chars, at, "cell_", 0, 5);
                int number = index - EntityCount + 1;
                for (int d = Digits(number) - 1; d >= 0; d--)
                {
                    chars[at + d] = (char)('0' + (number % 10));
                    number /= 10;
                }

                at += objectLength - 5;
            }
            else
            {
                int start;
                int length = Column(entity, ColumnObject, out start);
                at = Put(chars, at, entity, start, length);
            }

            Put(chars, at, "/config", 0, 7);
            return new string(chars);
        }

        /// <summary>
        /// Writes the configuration payload of an entity.
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="index">Entity index, below <see cref="Count"/>.</param>
        public void Write(JsonWriter w, int index)
        {
            bool isCell = index >= EntityCount;
            int cell = isCell ? index - EntityCount : -1;
            int source = isCell ? FromCells : FromState;
            bool binary = !isCell && index >= FirstBinary;
            string entity = isCell ? null : Entity(index);

            w.Reset();
            w.BeginObject();
            w.BeginText("name");
            if (isCell)
            {
                w.TextPart("Cell ");
                w.TextPart(cell + 1);
                w.TextPart(" voltage");
            }
            else
            {
                TextColumn(w, entity, ColumnName);
            }

            w.EndText();
            w.BeginText("unique_id");
            w.TextPart(_boardId);
            w.TextPart("_");
            WriteObjectId(w, entity, cell);
            w.EndText();

            // default_entity_id replaced object_id in Home Assistant 2025.10: the whole entity id, domain included
            w.BeginText("default_entity_id");
            w.TextPart(binary ? "binary_sensor." : "sensor.");
            w.TextPart(_entitySlug);
            w.TextPart("_");
            WriteObjectId(w, entity, cell);
            w.EndText();
            w.Text("state_topic", source == FromCells ? _topics.Cells : _topics.State);
            WriteValueTemplate(w, index, entity, cell, isCell, binary);
            if (isCell)
            {
                w.Text("unit_of_measurement", "V");
                w.Text("device_class", "voltage");
                w.Text("state_class", "measurement");
            }
            else
            {
                OptionalColumn(w, "unit_of_measurement", entity, ColumnUnit);
                OptionalColumn(w, "device_class", entity, ColumnDeviceClass);
                OptionalColumn(w, "state_class", entity, ColumnStateClass);
                int start;
                if (Column(entity, ColumnDiagnostic, out start) == 1 && entity[start] == '1')
                {
                    w.Text("entity_category", "diagnostic");
                }

                if (index == StateEntity)
                {
                    // an enum sensor: Home Assistant offers the states by name in automations and history
                    w.BeginArray("options");
                    for (int s = 0; s <= (int)ModuleState.Service; s++)
                    {
                        w.TextItem(ModuleStateNames.Of((ModuleState)s));
                    }

                    w.EndArray();
                }
            }

            WriteDevice(w);
            w.EndObject();
        }

        // how Home Assistant reads the entity's value out of the state or cells message
        private static void WriteValueTemplate(JsonWriter w, int index, string entity, int cell, bool isCell, bool binary)
        {
            w.BeginText("value_template");
            if (index == BleedingCellsEntity)
            {
                // the bleed mask as the cells it names: "none" or "3 7 16"
                w.TextPart("{% set m = value_json.bleed_mask | int(0) %}{% set ns = namespace(c=[]) %}");
                w.TextPart("{% for i in range(16) %}{% if m | bitwise_and(2 ** i) %}{% set ns.c = ns.c + [i + 1] %}{% endif %}{% endfor %}");
                w.TextPart("{{ ns.c | join(' ') if ns.c else 'none' }}");
            }
            else if (binary)
            {
                w.TextPart("{{ 'ON' if value_json.");
                TextColumn(w, entity, ColumnField);
                w.TextPart(" else 'OFF' }}");
            }
            else if (isCell)
            {
                w.TextPart("{{ value_json.voltage_v[");
                w.TextPart(cell);
                w.TextPart("] }}");
            }
            else
            {
                w.TextPart("{{ value_json.");
                TextColumn(w, entity, ColumnField);
                w.TextPart(" }}");
            }

            w.EndText();
        }

        // availability and the device every entity belongs to
        private void WriteDevice(JsonWriter w)
        {
            w.Text("availability_topic", _topics.Availability);
            w.Text("payload_available", "online");
            w.Text("payload_not_available", "offline");
            w.BeginObject("device");
            w.BeginArray("identifiers");
            w.TextItem(_boardId);
            w.EndArray();
            w.BeginText("name");
            w.TextPart("BatteryShift ");
            w.TextPart(_topics.ModuleId);
            w.EndText();
            w.Text("manufacturer", "BatteryShift");
            w.Text("model", "BMU-16");
            w.Text("sw_version", FirmwareInfo.Version);
            w.EndObject();
            w.BeginObject("origin");
            w.Text("name", FirmwareInfo.Name);
            w.Text("sw_version", FirmwareInfo.Version);
            w.EndObject();
        }

        /// <summary>
        /// One entity of the state topic as a record of columns separated by '|': object id, name, JSON field,
        /// unit, device class, state class, diagnostic (1 or empty); an empty column is left out of the payload.
        /// A switch of literals rather than a table: the text stays with the code in flash and nothing is held
        /// on the heap between announcements.
        /// </summary>
        private static string Entity(int index)
        {
            switch (index)
            {
                case 0: return "voltage|Voltage|voltage_v|V|voltage|measurement|";
                case 1: return "current|Current|current_a|A|current|measurement|";
                case 2: return "power|Power|power_w|W|power|measurement|";
                case 3: return "soc|State of charge|soc_pct|%|battery|measurement|";
                case 4: return "soh|State of health|soh_pct|%||measurement|";
                case 5: return "cvl|Charge voltage limit|cvl_v|V|voltage|measurement|";
                case 6: return "ccl|Charge current limit|ccl_a|A|current|measurement|";
                case 7: return "dcl|Discharge current limit|dcl_a|A|current|measurement|";
                case 8: return "cell_min|Cell voltage min|cell_min_v|V|voltage|measurement|";
                case 9: return "cell_max|Cell voltage max|cell_max_v|V|voltage|measurement|";
                case 10: return "cell_delta|Cell voltage delta|cell_delta_v|V|voltage|measurement|";
                case 11: return "temp_min|Temperature min|temp_min_c|\u00b0C|temperature|measurement|";
                case 12: return "temp_max|Temperature max|temp_max_c|\u00b0C|temperature|measurement|";
                case 13: return "temp_board|Board temperature|temp_board_c|\u00b0C|temperature|measurement|1";
                case 14: return "state|State|state||enum||";
                case 15: return "remaining|Remaining charge|remaining_ah|Ah||measurement|";
                case 16: return "cycles|Cycles|cycles|||total_increasing|";
                case 17: return "bleeding_cells|Cells bleeding|bleed_mask||||";
                case 18: return "dropped|Telemetry dropped|counters.dropped|||total_increasing|1";
                case 19: return "energy_in|Energy in|energy_in_kwh|kWh|energy|total_increasing|";
                case 20: return "energy_out|Energy out|energy_out_kwh|kWh|energy|total_increasing|";
                case 21: return "soc_unc|SOC uncertainty|soc_unc_pct|%||measurement|1";
                case 22: return "charge_fet|Charge enabled|charge_fet||power||";
                case 23: return "discharge_fet|Discharge enabled|discharge_fet||power||";
                case 24: return "fault|Fault|fault_mask||problem||";
                case 25: return "alarm|Alarm|alarm_mask||problem||";
                default: return "bleeding|Balancing (bleeding now)|bleed_mask||running||";
            }
        }

        /// <summary>Finds a column of an entity record.</summary>
        /// <returns>Its length; its first character in <paramref name="start"/>.</returns>
        private static int Column(string entity, int column, out int start)
        {
            int at = 0;
            for (int c = 0; c < column; c++)
            {
                while (entity[at] != ColumnSeparator)
                {
                    at++;
                }

                at++;
            }

            start = at;
            while (at < entity.Length && entity[at] != ColumnSeparator)
            {
                at++;
            }

            return at - start;
        }

        private static void TextColumn(JsonWriter w, string entity, int column)
        {
            int start;
            int length = Column(entity, column, out start);
            w.TextPart(entity, start, length);
        }

        private static void OptionalColumn(JsonWriter w, string name, string entity, int column)
        {
            int start;
            int length = Column(entity, column, out start);
            if (length > 0)
            {
                w.BeginText(name);
                w.TextPart(entity, start, length);
                w.EndText();
            }
        }

        // an entity id takes lower-case letters, digits and '_' only: "Site-0042" becomes "site_0042"
        private static string Slug(string id)
        {
            char[] chars = new char[id.Length];
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                if (c >= 'A' && c <= 'Z')
                {
                    c = (char)(c - 'A' + 'a');
                }

                chars[i] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
            }

            return new string(chars);
        }

        private static int Put(char[] destination, int at, string text, int start, int length)
        {
            for (int i = 0; i < length; i++)
            {
                destination[at + i] = text[start + i];
            }

            return at + length;
        }

        private static int Digits(int value)
        {
            int digits = 1;
            while (value >= 10)
            {
                value /= 10;
                digits++;
            }

            return digits;
        }

        private static void WriteObjectId(JsonWriter w, string entity, int cell)
        {
            if (cell >= 0)
            {
                w.TextPart("cell_");
                w.TextPart(cell + 1);
            }
            else
            {
                TextColumn(w, entity, ColumnObject);
            }
        }
    }
}

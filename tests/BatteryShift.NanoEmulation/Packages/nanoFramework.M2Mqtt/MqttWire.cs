// EMULATION. MQTT 3.1.1 packets (OASIS MQTT Version 3.1.1, section 3) as M2Mqtt 5.1.220's message classes
// (M2Mqtt/Messages/MqttMsgConnect.cs, MqttMsgPublish.cs, MqttMsgSubscribe.cs, MqttMsgPuback.cs, MqttMsgPingReq.cs,
// MqttMsgDisconnect.cs) put them on the wire for protocol version 3.1.1 (the client's default).
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    internal static class MqttWire
    {
        internal const int Connack = 2;
        internal const int Publish = 3;
        internal const int Puback = 4;
        internal const int Suback = 9;
        internal const int Pingresp = 13;

        internal static byte[] Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQos, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlive)
        {
            byte[] body = new byte[256 + Utf8Length(clientId) + Utf8Length(username) + Utf8Length(password) + Utf8Length(willTopic) + Utf8Length(willMessage)];
            int n = 0;
            n = PutString(body, n, "MQTT");
            body[n++] = 4;
            int flags = (cleanSession ? 0x02 : 0) | (willFlag ? 0x04 | ((int)willQos << 3) | (willRetain ? 0x20 : 0) : 0) | (password != null ? 0x40 : 0) | (username != null ? 0x80 : 0);
            body[n++] = (byte)flags;
            body[n++] = (byte)(keepAlive >> 8);
            body[n++] = (byte)keepAlive;
            n = PutString(body, n, clientId);
            if (willFlag)
            {
                n = PutString(body, n, willTopic);
                n = PutString(body, n, willMessage);
            }

            if (username != null)
            {
                n = PutString(body, n, username);
            }

            if (password != null)
            {
                n = PutString(body, n, password);
            }

            return Frame(0x10, body, n);
        }

        internal static byte[] PublishPacket(string topic, byte[] payload, MqttQoSLevel qos, bool retain, ushort messageId)
        {
            int length = payload == null ? 0 : payload.Length;
            byte[] body = new byte[4 + Utf8Length(topic) + length];
            int n = PutString(body, 0, topic);
            if (qos != MqttQoSLevel.AtMostOnce)
            {
                body[n++] = (byte)(messageId >> 8);
                body[n++] = (byte)messageId;
            }

            if (length > 0)
            {
                // MqttMsgPublish.GetBytes copies the payload with Array.Copy (native)
                System.Array.Copy(payload, 0, body, n, length);
                n += length;
            }

            return Frame(0x30 | ((int)qos << 1) | (retain ? 1 : 0), body, n);
        }

        internal static byte[] Subscribe(ushort messageId, string[] topics, MqttQoSLevel[] qos)
        {
            int size = 2;
            for (int i = 0; i < topics.Length; i++)
            {
                size += 3 + Utf8Length(topics[i]);
            }

            byte[] body = new byte[size];
            body[0] = (byte)(messageId >> 8);
            body[1] = (byte)messageId;
            int n = 2;
            for (int i = 0; i < topics.Length; i++)
            {
                n = PutString(body, n, topics[i]);
                body[n++] = (byte)qos[i];
            }

            return Frame(0x82, body, n);
        }

        internal static byte[] PubackPacket(ushort messageId)
        {
            return new byte[] { 0x40, 2, (byte)(messageId >> 8), (byte)messageId };
        }

        internal static byte[] Pingreq()
        {
            return new byte[] { 0xC0, 0 };
        }

        internal static byte[] Disconnect()
        {
            return new byte[] { 0xE0, 0 };
        }

        internal static string GetString(byte[] body, int offset, out int next)
        {
            int length = (body[offset] << 8) | body[offset + 1];
            char[] chars = new char[length];
            int count = 0;
            int i = offset + 2;
            int end = i + length;
            while (i < end)
            {
                int b = body[i++];
                if (b < 0x80)
                {
                    chars[count++] = (char)b;
                }
                else if (b < 0xE0)
                {
                    chars[count++] = (char)(((b & 0x1F) << 6) | (body[i++] & 0x3F));
                }
                else
                {
                    chars[count++] = (char)(((b & 0x0F) << 12) | ((body[i] & 0x3F) << 6) | (body[i + 1] & 0x3F));
                    i += 2;
                }
            }

            next = end;
            return new string(chars, 0, count);
        }

        private static byte[] Frame(int header, byte[] body, int length)
        {
            byte[] lengthBytes = new byte[4];
            int count = 0;
            int remaining = length;
            do
            {
                int digit = remaining % 128;
                remaining /= 128;
                lengthBytes[count++] = (byte)(remaining > 0 ? digit | 0x80 : digit);
            }
            while (remaining > 0);

            byte[] packet = new byte[1 + count + length];
            packet[0] = (byte)header;
            for (int i = 0; i < count; i++)
            {
                packet[1 + i] = lengthBytes[i];
            }

            System.Array.Copy(body, 0, packet, 1 + count, length);
            return packet;
        }

        private static int Utf8Length(string text)
        {
            if (text == null)
            {
                return 0;
            }

            int length = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                length += c < 0x80 ? 1 : (c < 0x800 ? 2 : 3);
            }

            return length;
        }

        private static int PutString(byte[] body, int offset, string text)
        {
            int length = Utf8Length(text);
            body[offset] = (byte)(length >> 8);
            body[offset + 1] = (byte)length;
            int n = offset + 2;
            for (int i = 0; text != null && i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    body[n++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    body[n++] = (byte)(0xC0 | (c >> 6));
                    body[n++] = (byte)(0x80 | (c & 0x3F));
                }
                else
                {
                    body[n++] = (byte)(0xE0 | (c >> 12));
                    body[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    body[n++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            return n;
        }
    }
}
